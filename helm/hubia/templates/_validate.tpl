{{/*
Rules across values that values.schema.json cannot say clearly. Each failure names the values to
change. Called once, from the Deployment.
*/}}
{{- define "hubia.validate" -}}
{{- $v := .Values -}}
{{- if and (gt (int $v.replicaCount) 1) (not $v.leaderElection.enabled) -}}
{{- fail (printf "replicaCount is %d but leaderElection.enabled is false: two operators without a Lease reconcile the same resources. Set leaderElection.enabled=true or replicaCount=1." (int $v.replicaCount)) -}}
{{- end -}}
{{- if and (not $v.serviceAccount.create) (not $v.serviceAccount.name) -}}
{{- fail "serviceAccount.create is false: set serviceAccount.name to the existing ServiceAccount the operator runs as." -}}
{{- end -}}
{{- with $v.identity -}}
{{- if and .issuer .jwksUrl .publicKeySecret -}}
{{- fail "identity.jwksUrl and identity.publicKeySecret are both set: the runtime pods take their signing keys from exactly one of them. Unset one." -}}
{{- end -}}
{{- if and .issuer (not .jwksUrl) (not .publicKeySecret) -}}
{{- fail "identity.issuer is set without signing keys: set identity.jwksUrl (e.g. <issuer>/protocol/openid-connect/certs) or identity.publicKeySecret." -}}
{{- end -}}
{{- if and (not .issuer) (or .jwksUrl .publicKeySecret .audience .egressCidrs) -}}
{{- fail "identity.jwksUrl, publicKeySecret, audience or egressCidrs is set without identity.issuer: set the issuer whose tokens the runtime pods accept." -}}
{{- end -}}
{{- if and .egressCidrs (not .jwksUrl) -}}
{{- fail "identity.egressCidrs limits the egress to the JWKS host: it needs identity.jwksUrl." -}}
{{- end -}}
{{- end -}}
{{- range $v.watchNamespaces -}}
{{- if eq . "" -}}
{{- fail "watchNamespaces holds an empty name: list namespaces by name, or leave the list empty to watch the whole cluster." -}}
{{- end -}}
{{- end -}}
{{- if ne (len $v.watchNamespaces) (len (uniq $v.watchNamespaces)) -}}
{{- fail (printf "watchNamespaces lists a namespace twice: %s" (join ", " $v.watchNamespaces)) -}}
{{- end -}}
{{- end -}}
