"""The demo city's honour cards: the directory (``directory``: operators, venues,
tariffs, benefits, gates, the honorees the seed names), the generated registry
(``registry``), the planned swipes (``swipes``) and the history made of them
(``history``). Loaded by ``onething.demo.cards``."""
