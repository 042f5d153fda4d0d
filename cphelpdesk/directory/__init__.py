"""People, places and organisations: regions, countries, coordination groups, desks, members, roles."""
