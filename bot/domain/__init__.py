"""The rules: plain async functions over the store, with no Discord in them."""
