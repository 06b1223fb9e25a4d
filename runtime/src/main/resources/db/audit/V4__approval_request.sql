-- Human approval (PolicySet spec.approvals, tool rules requiresApproval): one row per request held
-- for a human's decision.
--
-- Written by io.hubia.runtime.approval.ApprovalStore. A row is inserted when a request needs
-- approval (the caller gets 409 with its id), decided once (approved or rejected by an approver,
-- or by the deadline with the policy's onTimeout outcome) and then carries the reply the caller
-- receives. Unlike audit events, rows change: the decision and the result are written later, each
-- by one guarded UPDATE (status = 'pending', result IS NULL), so two approvers or two replicas can
-- never both decide. Every step (request, decision, delivery) is also an audit event, and the
-- audit trail, not this table, is the tamper-evident record.
--
-- caller holds the claims kept for audit and the roles and attributes the read rules need, so a
-- held tool call runs again, once approved, with the rights the caller had when asking. question
-- is the question as the pipeline saw it (already redacted when the policy redacts questions).
-- Both are cleared once the result is delivered or the request expires unanswered.
CREATE TABLE approval_request (
    id               uuid         PRIMARY KEY,
    namespace        text         NOT NULL DEFAULT '',
    workflow         text         NOT NULL,
    kind             text         NOT NULL CHECK (kind IN ('tool', 'answer')),
    subject          text         NOT NULL,
    caller           jsonb,
    question         text,
    conversation_id  text,
    what             jsonb        NOT NULL,
    why              text         NOT NULL,
    trace_id         text,
    created_at       timestamptz  NOT NULL,
    deadline         timestamptz  NOT NULL,
    on_timeout       text         NOT NULL CHECK (on_timeout IN ('Approve', 'Reject')),
    status           text         NOT NULL DEFAULT 'pending'
                                  CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by       text,
    decided_at       timestamptz,
    decision_reason  text,
    timed_out        boolean      NOT NULL DEFAULT false,
    result           jsonb,
    delivered_at     timestamptz,
    CONSTRAINT approval_request_decided CHECK (
        (status = 'pending') = (decided_at IS NULL))
);

COMMENT ON TABLE approval_request IS
    'Hubia human approval: requests held for a decision; each step is also an audit event';
COMMENT ON COLUMN approval_request.what IS 'what waits: the tool call (redacted arguments) or the held answer';
COMMENT ON COLUMN approval_request.why IS 'why it waits: the rule that asked for approval';
COMMENT ON COLUMN approval_request.result IS 'the reply the caller receives once decided';

-- the queue of a workflow, oldest first (listing, expiry sweep, pending gauge)
CREATE INDEX approval_request_pending ON approval_request (workflow, namespace, created_at)
    WHERE status = 'pending';
-- expiry sweep over all workflows, and retention
CREATE INDEX approval_request_deadline ON approval_request (deadline) WHERE status = 'pending';
CREATE INDEX approval_request_created_at ON approval_request (created_at);
