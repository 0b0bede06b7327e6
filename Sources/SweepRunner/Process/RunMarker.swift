/// The marker every spawned process carries in its environment, so a resumed run only ends its own leftovers.
package enum RunMarker {
    package static let environmentKey = "IOSWEEP_RUN_ID"
}
