fn main(){
    let mut g = schemars::SchemaGenerator::default();
    let s = g.root_schema_for::<k8s_openapi::api::apps::v1::Deployment>();
    let v = serde_json::to_value(&s).unwrap();
    println!("{}", serde_json::to_string_pretty(&v).unwrap());
}
