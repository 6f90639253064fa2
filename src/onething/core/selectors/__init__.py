"""Every read of core's data, already scoped to what the caller may see."""
