{{/* Names, labels and the ensemble configuration shared by the templates. */}}

{{- define "registry.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's base name; StatefulSet pod names add "-<ordinal>" and the observers "-observer-<ordinal>". */}}
{{- define "registry.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "registry.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "registry.peersService" -}}
{{- printf "%s-peers" (include "registry.fullname" .) }}
{{- end }}

{{- define "registry.observerName" -}}
{{- printf "%s-observer" (include "registry.fullname" .) }}
{{- end }}

{{- define "registry.selectorLabels" -}}
app.kubernetes.io/name: {{ include "registry.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "registry.labels" -}}
helm.sh/chart: {{ include "registry.chart" . }}
{{ include "registry.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: registry
{{- end }}

{{- define "registry.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
Registry__Peers: "id=host:quorum:election[:observer]" for every voter and observer. Server ids are the pods'
ordinals, which start at 1 for the voters and at replicas+1 for the observers, so pod <fullname>-N is server N.
Empty (standalone) for a single voter without observers.
*/}}
{{- define "registry.peers" -}}
{{- $voters := int .Values.replicas }}
{{- $observers := int .Values.observers.replicas }}
{{- if or (gt $voters 1) (gt $observers 0) }}
{{- $domain := printf "%s.%s.svc.%s" (include "registry.peersService" .) .Release.Namespace .Values.clusterDomain }}
{{- $ports := printf "%d:%d" (int .Values.ports.quorum) (int .Values.ports.election) }}
{{- $peers := list }}
{{- range $i := until $voters }}
{{- $id := add1 $i }}
{{- $peers = append $peers (printf "%d=%s-%d.%s:%s" $id (include "registry.fullname" $) $id $domain $ports) }}
{{- end }}
{{- range $i := until $observers }}
{{- $id := add $voters $i 1 }}
{{- $peers = append $peers (printf "%d=%s-%d.%s:%s:observer" $id (include "registry.observerName" $) $id $domain $ports) }}
{{- end }}
{{- join "," $peers }}
{{- end }}
{{- end }}

{{/* Replicas must be odd and every server needs an id in 1..254. */}}
{{- define "registry.validate" -}}
{{- if eq (mod (int .Values.replicas) 2) 0 }}
{{- fail (printf "replicas must be odd (got %d): a quorum of an even ensemble tolerates no more failures than one server fewer" (int .Values.replicas)) }}
{{- end }}
{{- if gt (add (int .Values.replicas) (int .Values.observers.replicas)) 254 }}
{{- fail "replicas + observers.replicas must be at most 254: server ids are 1..254" }}
{{- end }}
{{- end }}
