// The Swift-builder forms of the shipped studies; filled in with the builder.
print("iosweep-experiments")
