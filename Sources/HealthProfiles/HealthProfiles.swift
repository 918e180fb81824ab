/// Placeholder namespace; replaced by the HealthProfiles implementation.
enum HealthProfilesNamespace {}
