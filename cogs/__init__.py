"""The features: each package here is an extension whose `setup(bot)` adds its cogs (see README, Architecture)."""
