import FHIR
import Forwarding
import Foundation
import GatewayStore
import ReadingPath

/// The forwarder's Bundle builder: the FHIR entries each reading got at its commit
/// (`ForwardedResources`, stored with the outbox row), several readings in one transaction, with the
/// upload time as `issued` and the Bundle's timestamp. Nothing is mapped again here, so a re-send is
/// the same resources with the same conditional-create identifiers.
public enum ForwardingBundles {
    /// The builder carehubd's forwarder uses; `now` gives the upload time.
    public static func builder(timeZone: TimeZone, now: @escaping @Sendable () -> Date = { Date() }) -> BundleBuilder {
        BundleBuilder { items in
            var readings: [[FHIRBundle.Entry]] = []
            for item in items {
                let stored: ForwardedResources.Stored
                do {
                    stored = try FHIRJSON.decode(ForwardedResources.Stored.self, from: item.identifiersJSON)
                } catch {
                    // `{}`: stored before forwarding was configured, or the mapping refused it (logged then).
                    throw UnmappableReading(id: item.id, reason: "no FHIR resources were stored with this reading at its commit")
                }
                readings.append(stored.entries)
            }
            let time = now()
            let bundle = FHIR.TransactionBundle(
                readings: readings, uploadTime: ZonedTime(date: time, utcOffsetSeconds: timeZone.secondsFromGMT(for: time)))
            let json = try bundle.json(pretty: false)
            return Forwarding.TransactionBundle(body: Array(json.utf8), entryCount: bundle.bundle.entry?.count ?? 0)
        }
    }
}
