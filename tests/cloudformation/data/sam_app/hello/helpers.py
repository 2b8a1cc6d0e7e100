def greeting(word, name):
    return f"{word} {name}"
