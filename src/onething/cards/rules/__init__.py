"""Pure rules of the honour cards: the signed personal code, benefit eligibility, and the
settlement and reconciliation maths. No ORM."""
