// Placeholder: the binance adapter's conformance tests.
