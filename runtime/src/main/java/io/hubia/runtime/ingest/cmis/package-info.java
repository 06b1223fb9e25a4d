/**
 * The {@code Cmis} source connector ({@link io.hubia.runtime.ingest.cmis.CmisConnector}): documents
 * of a document management system (Alfresco, Nuxeo...) read through the CMIS Browser binding with
 * Apache Chemistry OpenCMIS, selected by folder or by CMIS query, with their repository properties
 * as metadata and the principals their ACL lets read.
 */
package io.hubia.runtime.ingest.cmis;
