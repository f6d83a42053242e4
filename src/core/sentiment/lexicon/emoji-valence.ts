/**
 * 118 emoji rated for valence from −5 to +5: the list of the emoji-emotion 3.0.1 npm package
 * (github.com/words/emoji-emotion), kept as published. Emoji rated 0 are kept: they mark a token
 * as an emoji with no valence rather than as unknown text. Its licence:
 *
 * (The MIT License)
 *
 * Copyright (c) 2014 Titus Wormer <tituswormer@gmail.com>
 *
 * Permission is hereby granted, free of charge, to any person obtaining
 * a copy of this software and associated documentation files (the
 * 'Software'), to deal in the Software without restriction, including
 * without limitation the rights to use, copy, modify, merge, publish,
 * distribute, sublicense, and/or sell copies of the Software, and to
 * permit persons to whom the Software is furnished to do so, subject to
 * the following conditions:
 *
 * The above copyright notice and this permission notice shall be
 * included in all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED 'AS IS', WITHOUT WARRANTY OF ANY KIND,
 * EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
 * MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.
 * IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY
 * CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
 * TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
 * SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
 */
export const EMOJI_VALENCE: ReadonlyArray<readonly [emoji: string, polarity: number]> = [
  ['💯', 3], // 100
  ['😠', -3], // angry
  ['😧', -3], // anguished
  ['😲', 2], // astonished
  ['🖤', 3], // black_heart
  ['💙', 3], // blue_heart
  ['😊', 2], // blush
  ['💔', -3], // broken_heart
  ['👏', 3], // clap
  ['🤡', 0], // clown_face
  ['😰', -2], // cold_sweat
  ['😖', -2], // confounded
  ['😕', -2], // confused
  ['🤠', 2], // cowboy_hat_face
  ['🤞', 2], // crossed_fingers
  ['😢', -2], // cry
  ['😿', -2], // crying_cat_face
  ['💘', 3], // cupid
  ['😞', -2], // disappointed
  ['😥', -1], // disappointed_relieved
  ['😵', -1], // dizzy_face
  ['🤤', 0], // drooling_face
  ['😑', 0], // expressionless
  ['🤕', -2], // face_with_head_bandage
  ['🤒', -1], // face_with_thermometer
  ['😨', -2], // fearful
  ['😳', -2], // flushed
  ['😦', -1], // frowning
  ['☹️', -2], // frowning_face
  ['🖕', -4], // fu
  ['👻', -1], // ghost
  ['💝', 3], // gift_heart
  ['💚', 3], // green_heart
  ['😬', -2], // grimacing
  ['😁', 2], // grin
  ['😀', 2], // grinning
  ['🤝', 1], // handshake
  ['❤️', 3], // heart
  ['😍', 3], // heart_eyes
  ['😻', 3], // heart_eyes_cat
  ['💓', 3], // heartbeat
  ['💗', 3], // heartpulse
  ['🤗', 2], // hugs
  ['😯', -1], // hushed
  ['👿', -4], // imp
  ['😇', 3], // innocent
  ['😂', 3], // joy
  ['😹', 3], // joy_cat
  ['💋', 2], // kiss
  ['😗', 2], // kissing
  ['😽', 2], // kissing_cat
  ['😚', 2], // kissing_closed_eyes
  ['😘', 3], // kissing_heart
  ['😙', 2], // kissing_smiling_eyes
  ['😆', 1], // laughing
  ['👄', 2], // lips
  ['🤥', -2], // lying_face
  ['😷', -1], // mask
  ['🤑', 0], // money_mouth_face
  ['🤢', -2], // nauseated_face
  ['🤓', -1], // nerd_face
  ['😐', 0], // neutral_face
  ['😶', 0], // no_mouth
  ['👌', 2], // ok_hand
  ['😮', -2], // open_mouth
  ['😔', -1], // pensive
  ['😣', -2], // persevere
  ['😾', -4], // pouting_cat
  ['🙏', 1], // pray
  ['👊', -1], // punch
  ['💜', 3], // purple_heart
  ['😡', -4], // rage
  ['🙌', 4], // raised_hands
  ['☺️', 2], // relaxed
  ['😌', 2], // relieved
  ['💞', 3], // revolving_hearts
  ['🤣', 4], // rofl
  ['🙄', -1], // roll_eyes
  ['😱', -3], // scream
  ['🙀', -3], // scream_cat
  ['💩', -3], // shit
  ['💀', -2], // skull
  ['☠️', -2], // skull_and_crossbones
  ['😴', 0], // sleeping
  ['😪', 0], // sleepy
  ['🙁', -1], // slightly_frowning_face
  ['🙂', 1], // slightly_smiling_face
  ['😄', 2], // smile
  ['😸', 2], // smile_cat
  ['😃', 2], // smiley
  ['😺', 2], // smiley_cat
  ['😈', -3], // smiling_imp
  ['😏', 2], // smirk
  ['😼', 2], // smirk_cat
  ['🤧', -2], // sneezing_face
  ['😭', -3], // sob
  ['💖', 3], // sparkling_heart
  ['😛', 1], // stuck_out_tongue
  ['😝', 0], // stuck_out_tongue_closed_eyes
  ['😜', -1], // stuck_out_tongue_winking_eye
  ['😎', 1], // sunglasses
  ['😓', -1], // sweat
  ['😅', 2], // sweat_smile
  ['🤔', -1], // thinking
  ['👎', -2], // thumbsdown
  ['👍', 2], // thumbsup
  ['😫', -2], // tired_face
  ['😤', 0], // triumph
  ['💕', 3], // two_hearts
  ['😒', -2], // unamused
  ['🙃', 0], // upside_down_face
  ['✌️', 2], // v
  ['😩', -2], // weary
  ['😉', 3], // wink
  ['😟', -3], // worried
  ['💛', 3], // yellow_heart
  ['😋', 3], // yum
  ['🤐', -1], // zipper_mouth_face
];
