"""Pages of the communities: the archive (`archive`), subscriptions and the list's links (`subscriptions`)."""
