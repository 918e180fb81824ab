import GatewayStore

// GatewayStore and Triage each have a type named after their module, so `GatewayStore.X` does not
// name a module member; these aliases (in a file that imports only GatewayStore) disambiguate.

/// The store's reading kind (Display has its own `ReadingKind`).
typealias StoreReadingKind = ReadingKind
/// The store's worklist priority (Triage has its own).
typealias StoreWorklistPriority = WorklistPriority
