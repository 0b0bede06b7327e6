import IOSweepCLI

MallocArenas.useOne()
await IOSweep.execute()
