/// The CareHub release this build belongs to (`carehub status`, the control API's `version`).
public enum CareHubVersion {
    /// Semantic version of this build.
    public static let current = "0.2.0"
}
