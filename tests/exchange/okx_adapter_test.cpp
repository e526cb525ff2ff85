// Placeholder: the okx adapter's conformance tests.
