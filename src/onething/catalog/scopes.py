"""The catalogue is public."""

from onething.core.permissions import EVERYTHING, scope_rule

from .models import Category, LifeEvent, MaterialRequirement, MaterialType, ServiceItem

for model in (Category, LifeEvent, MaterialType, ServiceItem, MaterialRequirement):
    scope_rule(model)(lambda actor: EVERYTHING)
