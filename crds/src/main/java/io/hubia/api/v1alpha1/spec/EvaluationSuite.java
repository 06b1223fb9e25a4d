package io.hubia.api.v1alpha1.spec;

/** Evaluation suites shipped with Hubia. */
public enum EvaluationSuite {
  /** Answerable questions with expected sources and answers. */
  Golden,
  /** Questions the sources cannot answer: the agent must fall back. */
  Unanswerable,
  /** Direct and planted (indirect) prompt injection. */
  Injection,
  /** Light red teaming: jailbreaks, prompt extraction, exfiltration, permission probing. */
  RedTeam
}
