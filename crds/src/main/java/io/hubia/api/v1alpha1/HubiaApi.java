package io.hubia.api.v1alpha1;

/** Names shared by the three Hubia kinds: API group, version, category and well-known labels. */
public final class HubiaApi {
  public static final String GROUP = "hubia.io";
  public static final String VERSION = "v1alpha1";
  public static final String CATEGORY = "hubia";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  private HubiaApi() {}
}
