/// Placeholder namespace; replaced by the GatewayStore implementation.
enum GatewayStoreNamespace {}
