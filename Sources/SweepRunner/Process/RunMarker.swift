/// The marker every spawned process carries in its environment, so a resumed run only ends its own leftovers.
public enum RunMarker {
    public static let environmentKey = "IOSWEEP_RUN_ID"
}
