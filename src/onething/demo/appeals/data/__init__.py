"""Demo data of appeals (诉求), pure data drawn from the seeds' reports: the enterprise
platform 无难事、悉心办 and the citizens' 微幸福 programme — programmes, extra departments,
the category tree, routing rules, policies, enterprise demands and suggestions, citizens'
items, the seed's stories and reply templates. No models, no services: the
demo loader reads these."""

from .citizens import CITIZEN_ITEMS, PLACED, STORIES
from .directory import CATEGORIES, EXTRA_DEPARTMENTS, PROGRAMMES
from .enterprises import ENTERPRISE_DEMANDS, ENTERPRISE_SUGGESTIONS
from .policies import POLICIES
from .routing import REPLY_TEMPLATES, ROUTING_RULES

__all__ = [
    "CATEGORIES",
    "CITIZEN_ITEMS",
    "ENTERPRISE_DEMANDS",
    "ENTERPRISE_SUGGESTIONS",
    "EXTRA_DEPARTMENTS",
    "PLACED",
    "POLICIES",
    "PROGRAMMES",
    "REPLY_TEMPLATES",
    "ROUTING_RULES",
    "STORIES",
]
