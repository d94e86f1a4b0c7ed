{
  "targets": [
    {
      "target_name": "gentcp_native",
      "sources": ["gentcp_native.c"],
      "defines": ["NAPI_VERSION=8", "_GNU_SOURCE"],
      "cflags": ["-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter", "-O2"],
      "conditions": [
        ["OS!='linux'", {
          "type": "none",
          "sources!": ["gentcp_native.c"]
        }]
      ]
    }
  ]
}
