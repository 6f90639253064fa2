"""城市精细化管理 (city management): back streets and their renovation projects, residents'
street scores (新街·吴韵), the red and black lists (红黑榜) with their rectifications, and
time-shared parking (错时共享车位)."""
