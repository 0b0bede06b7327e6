import IOSweepCLI

await IOSweep.main()
