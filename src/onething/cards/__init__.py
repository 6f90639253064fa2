"""Honour cards (劳模卡): the registry of model workers, their signed digital certificate
(一人一码), physical cards on the 太湖交通卡, benefits at venues, the gate API and its swipe
ledger, the union's subsidy pool and the monthly settlement with each operator."""
