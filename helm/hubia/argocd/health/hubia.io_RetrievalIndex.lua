-- Argo CD health check for hubia.io/v1alpha1 RetrievalIndex (docs/gitops.md).
-- Reads obj (the resource), returns hs with hs.status and hs.message.
-- Tested by io.hubia.operator.gitops.ArgoCdHealthChecksTest against statuses the operator writes.
--
-- Ready=False reasons that mean "the first sync is on its way" (Progressing). Every other
-- Ready=False reason (InvalidSpec, SyncFailed, SyncOutcomeMissing, OpenSearchUnreachable,
-- OpenSearchConnectionInvalid, ReconcileError...) needs someone to act and is Degraded.
local transient = {
  NotSynced = true,
  SyncStarted = true,
  SyncRunning = true,
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
    return result("Progressing", "Waiting for the operator to reconcile the index")
  end
  local generation = obj.metadata.generation
  if generation ~= nil and status.observedGeneration < generation then
    return result("Progressing", "Waiting for the operator to reconcile generation "
      .. generation .. " (status is of generation " .. status.observedGeneration .. ")")
  end
  local ready = condition(status, "Ready")
  local synced = condition(status, "Synced")
  if ready == nil or ready.status == "Unknown" then
    return result("Progressing", ready == nil and "Waiting for the Ready condition"
      or describe(ready))
  end
  if ready.status == "False" then
    if transient[ready.reason] then
      return result("Progressing", describe(ready))
    end
    return result("Degraded", tostring(ready.reason) .. ": " .. describe(ready))
  end
  -- Ready: the alias serves content. A failed latest sync leaves that content behind.
  if synced ~= nil and synced.status == "False" and not transient[synced.reason] then
    return result("Degraded", "Serving earlier content, the last sync failed ("
      .. tostring(synced.reason) .. "): " .. describe(synced))
  end
  return result("Healthy", describe(ready))
end

hs = check(obj)
return hs
