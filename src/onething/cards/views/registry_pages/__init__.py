"""Union staff's pages of the registry and the physical cards: the registry (list, register
one, import from .xlsx), an honoree's page (status, certificates, cards and their actions)
and the cards with their issuance batches. Every page is the union's only: another role
is refused (403), someone not signed in is sent to the sign-in page."""
