-- Argo CD health check for hubia.io/v1alpha1 AgentWorkflow (docs/gitops.md).
-- Reads obj (the resource), returns hs with hs.status and hs.message.
-- Tested by io.hubia.operator.gitops.ArgoCdHealthChecksTest against statuses the operator writes.
--
-- Ready=False reasons that mean "still getting there" (Progressing). Every other Ready=False
-- reason (InvalidSpec, *NotFound, SecretKeyNotFound, DeploymentUnavailable, ReconcileError...)
-- needs someone to act and is Degraded. *NotReady waits on a PolicySet or RetrievalIndex whose
-- own health check shows the cause. ScaledToZero (spec.replicas: 0) is Suspended.
local transient = {
  RolloutInProgress = true,
  AwaitingEvaluation = true,
  PolicySetNotReady = true,
  RetrievalIndexNotReady = true,
}

local function condition(status, kind)
  if status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local function describe(c)
  if c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return c.type .. " is " .. tostring(c.status) .. " (" .. tostring(c.reason) .. ")"
end

local function result(status, message)
  return { status = status, message = message }
end

local function check(obj)
  local status = obj.status
  if status == nil or status.observedGeneration == nil then
    return result("Progressing", "Waiting for the operator to reconcile the workflow")
  end
  local generation = obj.metadata.generation
  if generation ~= nil and status.observedGeneration < generation then
    return result("Progressing", "Waiting for the operator to reconcile generation "
      .. generation .. " (status is of generation " .. status.observedGeneration .. ")")
  end
  local ready = condition(status, "Ready")
  local evaluated = condition(status, "Evaluated")
  local audit = condition(status, "AuditHealthy")

  if ready ~= nil and ready.status == "False" and ready.reason ~= "ScaledToZero"
      and not transient[ready.reason] then
    return result("Degraded", tostring(ready.reason) .. ": " .. describe(ready))
  end
  if evaluated ~= nil and evaluated.status == "False" then
    if status.candidateRevision == nil then
      return result("Degraded", tostring(evaluated.reason) .. ": " .. describe(evaluated))
    end
    -- a gated revision was refused: say which one, what serves instead and why, briefly
    local message = "Candidate revision " .. status.candidateRevision .. " not promoted ("
      .. tostring(evaluated.reason) .. ")"
    if status.activeRevision ~= nil and ready ~= nil and ready.status == "True" then
      message = message .. ", revision " .. status.activeRevision .. " keeps serving"
    else
      message = message .. ", no revision serves"
    end
    local evaluation = status.evaluation
    if evaluation ~= nil and evaluation.message ~= nil and evaluation.message ~= "" then
      message = message .. ": " .. evaluation.message
      if evaluation.report ~= nil then
        message = message .. "; report in ConfigMap " .. evaluation.report
      end
    else
      message = message .. ": " .. describe(evaluated)
    end
    return result("Degraded", message)
  end
  if audit ~= nil and audit.status == "False" then
    return result("Degraded", "Audit " .. tostring(audit.reason) .. ": " .. describe(audit))
  end
  if ready ~= nil and ready.status == "False" and ready.reason == "ScaledToZero" then
    return result("Suspended", describe(ready))
  end
  if ready == nil or ready.status ~= "True" then
    if ready == nil then
      return result("Progressing", "Waiting for the Ready condition")
    end
    return result("Progressing", describe(ready))
  end
  local evaluation = status.evaluation
  if (evaluated ~= nil and evaluated.status == "Unknown")
      or (evaluation ~= nil and evaluation.result == "Running") then
    if evaluated ~= nil and evaluated.status == "Unknown" then
      return result("Progressing", describe(evaluated))
    end
    return result("Progressing", "Evaluation running in Job " .. tostring(evaluation.jobName))
  end
  return result("Healthy", describe(ready))
end

hs = check(obj)
return hs
