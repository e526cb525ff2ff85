// Placeholder: the bybit adapter's conformance tests.
