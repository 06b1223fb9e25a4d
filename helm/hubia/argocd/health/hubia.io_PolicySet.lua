-- Argo CD health check for hubia.io/v1alpha1 PolicySet (docs/gitops.md).
-- Reads obj (the resource), returns hs with hs.status and hs.message.
-- Tested by io.hubia.operator.gitops.ArgoCdHealthChecksTest against statuses the operator writes.
--
-- A PolicySet has no transient Ready=False reason: InvalidSpec or ReconcileError need someone to
-- act and are Degraded.
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
    return result("Progressing", "Waiting for the operator to reconcile the policy set")
  end
  local generation = obj.metadata.generation
  if generation ~= nil and status.observedGeneration < generation then
    return result("Progressing", "Waiting for the operator to reconcile generation "
      .. generation .. " (status is of generation " .. status.observedGeneration .. ")")
  end
  local ready = condition(status, "Ready")
  if ready == nil or ready.status == "Unknown" then
    return result("Progressing", ready == nil and "Waiting for the Ready condition"
      or describe(ready))
  end
  if ready.status == "False" then
    return result("Degraded", tostring(ready.reason) .. ": " .. describe(ready))
  end
  local message = describe(ready)
  if status.workflowCount ~= nil then
    message = message .. "; governs " .. status.workflowCount .. " AgentWorkflow(s)"
  end
  return result("Healthy", message)
end

hs = check(obj)
return hs
