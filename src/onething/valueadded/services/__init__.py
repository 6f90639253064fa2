"""Every write of value-added services: the catalogue (:mod:`.catalogue`), a request from
its submission to its rating (:mod:`.requests`) and the provider's moves
(:mod:`.handling`). Keyword-only, one transaction with its audit entry each."""
