"""Organizations (机关) as a tree, and staff memberships with roles."""
