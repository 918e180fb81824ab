import Foundation
import Triage

/// The login page; `error` is shown above the form.
public struct LoginPage: Sendable {
    public enum Problem: Sendable, Hashable {
        /// Wrong user name or password (never which of the two).
        case invalidCredentials
        /// The session ended; log in again.
        case sessionExpired
        /// Too many attempts; try again later.
        case tooManyAttempts
        /// The form's own problems (a blank field).
        case form(FormErrors)
    }

    public var problem: Problem?
    /// The user name to fill in again after a failed attempt (never the password).
    public var username: String

    public init(problem: Problem? = nil, username: String = "") {
        self.problem = problem
        self.username = username
    }
}

/// The thresholds form of one patient with the history of changes.
public struct ThresholdsPage: Sendable {
    public var patient: PatientRef
    /// The patient's individual values (absent: the default applies).
    public var individual: [ParameterName: Double]
    /// Newest first.
    public var history: [ThresholdChange]
    /// Problems of a rejected submission; the inputs then show `entered`.
    public var errors: FormErrors?
    /// What was typed, by field name, to show again after a rejected submission.
    public var entered: [String: String]

    public init(
        patient: PatientRef, individual: [ParameterName: Double], history: [ThresholdChange],
        errors: FormErrors? = nil, entered: [String: String] = [:]
    ) {
        self.patient = patient
        self.individual = individual
        self.history = history.sorted { $0.changedAt > $1.changedAt }
        self.errors = errors
        self.entered = entered
    }
}

/// One recorded change of an individual threshold: who, when, why.
public struct ThresholdChange: Sendable, Hashable {
    public var name: ParameterName
    /// nil: the default applied before / applies after.
    public var oldValue: Double?
    public var newValue: Double?
    public var changedBy: String
    public var changedAt: Date
    public var reason: String

    public init(name: ParameterName, oldValue: Double?, newValue: Double?, changedBy: String, changedAt: Date, reason: String) {
        self.name = name
        self.oldValue = oldValue
        self.newValue = newValue
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.reason = reason
    }
}

/// The message form, the groups to choose from and the messages sent lately.
public struct MessagePage: Sendable {
    public var groups: [MessageGroup]
    /// Newest first.
    public var sent: [SentMessage]
    public var errors: FormErrors?
    /// What was typed, by field name, to show again after a rejected submission.
    public var entered: [String: String]

    public init(groups: [MessageGroup], sent: [SentMessage], errors: FormErrors? = nil, entered: [String: String] = [:]) {
        self.groups = groups
        self.sent = sent.sorted { $0.sentAt > $1.sentAt }
        self.errors = errors
        self.entered = entered
    }
}

/// A group a message can go to.
public struct MessageGroup: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case diagnosis, clinic
    }

    public var id: String
    public var name: String
    /// nil when the store does not know whether it is a diagnosis or a clinic.
    public var kind: Kind?
    public var memberCount: Int?

    public init(id: String, name: String, kind: Kind?, memberCount: Int? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
        self.memberCount = memberCount
    }
}

/// A message the clinic sent.
public struct SentMessage: Sendable, Hashable {
    public var sentAt: Date
    public var author: String
    public var audience: MessageAudience
    /// The group's or patient's name for the audience, when known.
    public var audienceName: String?
    public var text: String

    public init(sentAt: Date, author: String, audience: MessageAudience, audienceName: String? = nil, text: String) {
        self.sentAt = sentAt
        self.author = author
        self.audience = audience
        self.audienceName = audienceName
        self.text = text
    }
}
