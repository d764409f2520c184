// Ink imports react-devtools-core only when DEV=true; the bundle leaves it out.
export default {initialize() {}, connectToDevTools() {}};
