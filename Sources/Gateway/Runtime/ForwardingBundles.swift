import FHIR
import Forwarding
import Foundation
import GatewayStore
import ReadingPath

/// The forwarder's Bundle builder: the FHIR entries each reading got at its commit
/// (`ForwardedResources`, stored with the outbox row, rendered to text), several readings in one
/// transaction, with the upload time as `issued` and the Bundle's timestamp. Nothing is mapped or
/// encoded again here (the texts are spliced), so a re-send is the same bytes but for `issued` and
/// the timestamp, with the same conditional-create identifiers.
public enum ForwardingBundles {
    /// The builder carehubd's forwarder uses; `now` gives the upload time.
    public static func builder(timeZone: TimeZone, now: @escaping @Sendable () -> Date = { Date() }) -> BundleBuilder {
        BundleBuilder { items in
            var readings: [[RenderedEntry]] = []
            for item in items {
                // `{}`: stored before forwarding was configured, or the mapping refused it (logged then).
                guard let stored = try? FHIRJSON.decode(ForwardedResources.Stored.self, from: item.identifiersJSON),
                      let rendered = try? stored.renderedEntries()
                else {
                    throw UnmappableReading(id: item.id, reason: "no FHIR resources were stored with this reading at its commit")
                }
                guard rendered.allSatisfy(\.isSpliceable) else {
                    throw UnmappableReading(id: item.id, reason: "the FHIR resources stored with this reading are damaged")
                }
                readings.append(rendered)
            }
            let time = now()
            let (json, count) = try FHIR.TransactionBundle.compactJSON(
                rendered: readings, uploadTime: ZonedTime(date: time, utcOffsetSeconds: timeZone.secondsFromGMT(for: time)))
            return Forwarding.TransactionBundle(body: json, entryCount: count)
        }
    }
}
