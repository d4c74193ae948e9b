// Preloaded into a sealvault process by the fault tests (FaultTests.swift); it has no API.
