import IOSweepCLI

MallocArenas.configure()
await IOSweep.execute()
