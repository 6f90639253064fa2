"""Cross-region service (跨域通办): alliances of towns, cases received in one town and handled
in another, paper hand-offs between them, the start-time metric and the figures."""
