// Placeholder: the hyperliquid adapter's conformance tests.
