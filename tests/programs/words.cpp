// C++ through zig's libc++: counts the words given as arguments with std::map,
// sorts them by count with std::sort and prints them with printf.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

int main(int argc, char **argv) {
    std::map<std::string, int> counts;
    for (int i = 1; i < argc; i++)
        counts[argv[i]]++;

    std::vector<std::pair<std::string, int>> words(counts.begin(), counts.end());
    std::stable_sort(words.begin(), words.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    for (const auto &[word, count] : words)
        std::printf("%d %s\n", count, word.c_str());
    return 0;
}
