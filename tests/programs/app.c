/* app.wasm, the README's embedding example: a library that calls its host, whose
   function `log` it imports from module "env". */
__attribute__((import_module("env"), import_name("log"))) void host_log(int value);

__attribute__((export_name("count_to"))) int count_to(int n) {
    for (int i = 1; i <= n; i++)
        host_log(i);
    return n;
}
