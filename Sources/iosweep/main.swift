import IOSweepCLI

await IOSweep.execute()
