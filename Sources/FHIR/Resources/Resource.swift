/// Any resource a Bundle entry (or a response's `outcome`) carries, chosen by `resourceType`.
/// Types CareHub does not model decode as `.other`, keeping their JSON (through ``FHIRJSON``).
public enum Resource: Codable, Hashable, Sendable {
    case observation(Observation)
    case device(Device)
    case detectedIssue(DetectedIssue)
    case communication(Communication)
    case basic(Basic)
    case operationOutcome(OperationOutcome)
    case bundle(FHIRBundle)
    /// Another resource type, kept as its JSON.
    case other(resourceType: String, json: JSONNode)

    /// The `resourceType`.
    public var resourceType: String {
        switch self {
        case .observation: "Observation"
        case .device: "Device"
        case .detectedIssue: "DetectedIssue"
        case .communication: "Communication"
        case .basic: "Basic"
        case .operationOutcome: "OperationOutcome"
        case .bundle: "Bundle"
        case .other(let type, _): type
        }
    }

    private enum TypeKey: String, CodingKey { case resourceType }

    public init(from decoder: any Decoder) throws {
        let type = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .resourceType)
        switch type {
        case "Observation": self = .observation(try Observation(from: decoder))
        case "Device": self = .device(try Device(from: decoder))
        case "DetectedIssue": self = .detectedIssue(try DetectedIssue(from: decoder))
        case "Communication": self = .communication(try Communication(from: decoder))
        case "Basic": self = .basic(try Basic(from: decoder))
        case "OperationOutcome": self = .operationOutcome(try OperationOutcome(from: decoder))
        case "Bundle": self = .bundle(try FHIRBundle(from: decoder))
        default:
            guard let decoder = decoder as? JSONNodeDecoder.NodeDecoder else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "resource type \(type) is not modelled"))
            }
            self = .other(resourceType: type, json: decoder.node)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .observation(let value): try value.encode(to: encoder)
        case .device(let value): try value.encode(to: encoder)
        case .detectedIssue(let value): try value.encode(to: encoder)
        case .communication(let value): try value.encode(to: encoder)
        case .basic(let value): try value.encode(to: encoder)
        case .operationOutcome(let value): try value.encode(to: encoder)
        case .bundle(let value): try value.encode(to: encoder)
        case .other(_, let json):
            guard let encoder = encoder as? JSONNodeEncoder.NodeEncoder else {
                throw EncodingError.invalidValue(
                    json, .init(codingPath: encoder.codingPath, debugDescription: "only FHIRJSON encodes unmodelled resources"))
            }
            encoder.slot.kind = .value(json)
        }
    }
}
