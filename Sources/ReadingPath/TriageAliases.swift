import Triage

// See ModuleAliases.swift: the Triage names that collide with GatewayStore's.

/// Triage's worklist priority.
typealias TriageWorklistPriority = WorklistPriority
/// Triage's text language.
typealias TriageLanguage = Language
