"""Planners built on scenarios: co-intervention, chef-d'œuvre / projet, three-year progression."""
