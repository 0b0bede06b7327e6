extension JournalEvent {
    /// The resource this event says the run created or was creating: that of a `resource-created`, or of the
    /// `step-started` of a setup step (the only trace of a create whose process, or the runner, died before
    /// `resource-created` was written). What is torn down because of it is checked for the run's marker.
    package var resourceCreatedOrCreating: JournalResource? {
        switch event {
        case .resourceCreated: return resource
        case .stepStarted: return kind == "setup" ? resource : nil
        default: return nil
        }
    }
}
