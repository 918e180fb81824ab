import MonitoringStore

/// The seam for the staff pages' HTML: the routes gather plain values and ask a renderer for the
/// page. `MinimalStaffPages` is the plain built-in one; the `StorePages` target plugs in its own.
public protocol StaffPageRenderer: Sendable {
    func login(error: String?) -> String
    func worklist(_ items: [WorklistItem], session: StaffSession) -> String
    func patient(_ overview: PatientOverview, session: StaffSession) -> String
    func fleet(_ health: FleetHealth, policy: FleetPolicy, session: StaffSession) -> String
    func message(_ text: String, session: StaffSession?) -> String
}
