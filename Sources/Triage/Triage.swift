/// Placeholder namespace; replaced by the Triage implementation.
enum TriageNamespace {}
